import { ruleTable } from '../test-support';
import { positives, traps } from './encoding.cases';

ruleTable('encoding', positives, traps);
