import { ruleTable } from '../test-support';
import { positives, traps } from './resource.cases';

ruleTable('resource', positives, traps);
