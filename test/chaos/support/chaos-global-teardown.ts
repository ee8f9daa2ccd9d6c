import { printSummary } from './chaos-summary';

export default printSummary;
