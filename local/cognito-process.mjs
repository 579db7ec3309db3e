/**
 * cognito-local in a process of its own, forked by local/cognito.ts with its data folder as the working
 * directory (cognito-local keeps `.cognito/` there) and HOST/PORT in the environment. Exits when the parent
 * goes away (its IPC channel closes), so no emulator outlives its stack.
 */
process.on('disconnect', () => process.exit(0));
await import('cognito-local/lib/bin/start.js');
