// The repo's specs take it from the users' entry point, as a user's would.
export { asReceived } from '@railyard/testing';
