// The receiver moved to receiver/handler.mjs (it is shared by the demo and the standalone server).
// This re-export keeps `demo/receiver.mjs` importable for code written before the move, such as the
// browser tests' loopback server (test/support/loopback-server.mjs).
export { createReceiver } from '../receiver/handler.mjs';
