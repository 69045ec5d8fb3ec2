import { ruleTable } from '../test-support';
import { positives, traps } from './filesystem.cases';

ruleTable('filesystem', positives, traps);
