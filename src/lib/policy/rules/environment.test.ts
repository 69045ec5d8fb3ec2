import { ruleTable } from '../test-support';
import { positives, traps } from './environment.cases';

ruleTable('environment', positives, traps);
