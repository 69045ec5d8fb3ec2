import { ruleTable } from '../test-support';
import { positives, traps } from './module-loading.cases';

ruleTable('module-loading', positives, traps);
