// Imported first by tools/bench.ts: the AWS SDK checks this when it loads (Node 20 support notice).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export {};
