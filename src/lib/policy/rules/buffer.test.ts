import { ruleTable } from '../test-support';
import { positives, traps } from './buffer.cases';

ruleTable('buffer', positives, traps);
