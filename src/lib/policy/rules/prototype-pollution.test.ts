import { ruleTable } from '../test-support';
import { positives, traps } from './prototype-pollution.cases';

ruleTable('prototype-pollution', positives, traps);
