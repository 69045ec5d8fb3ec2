import { ruleTable } from '../test-support';
import { positives, traps } from './command-execution.cases';

ruleTable('command-execution', positives, traps);
