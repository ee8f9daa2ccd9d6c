import { clearRows } from './chaos-summary';

export default clearRows;
