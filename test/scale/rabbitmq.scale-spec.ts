import { scaleSuite } from './scale.suite';

scaleSuite('rabbitmq');
