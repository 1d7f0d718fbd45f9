// The AWS SDK warns once per process that its 2027 releases need Node 22. Lambda runs Node 22; this
// machine's Node 20 is only the local/test host, so the warning is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
