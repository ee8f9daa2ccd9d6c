import { chaosSuite } from './chaos.suite';

chaosSuite('rabbitmq');
