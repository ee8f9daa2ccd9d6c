import { chaosSuite } from './chaos.suite';

chaosSuite('kafka');
