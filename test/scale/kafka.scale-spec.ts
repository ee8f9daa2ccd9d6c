import { scaleSuite } from './scale.suite';

scaleSuite('kafka');
