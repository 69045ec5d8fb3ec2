import { ruleTable } from '../test-support';
import { positives, traps } from './network.cases';

ruleTable('network', positives, traps);
