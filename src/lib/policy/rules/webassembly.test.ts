import { ruleTable } from '../test-support';
import { positives, traps } from './webassembly.cases';

ruleTable('webassembly', positives, traps);
