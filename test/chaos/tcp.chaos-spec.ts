import { chaosSuite } from './chaos.suite';

chaosSuite('tcp');
