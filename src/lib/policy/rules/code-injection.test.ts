import { ruleTable } from '../test-support';
import { positives, traps } from './code-injection.cases';

ruleTable('code-injection', positives, traps);
