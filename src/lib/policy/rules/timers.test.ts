import { ruleTable } from '../test-support';
import { positives, traps } from './timers.cases';

ruleTable('timers', positives, traps);
