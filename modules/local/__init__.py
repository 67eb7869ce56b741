"""Offline end-to-end: an environment's synthesized API on 127.0.0.1, with JWT enforcement against an embedded Cognito.

Reads `cdktf.out/stacks/<env>/cdk.tf.json` only (never the stacks). `python -m modules.local` runs it
(`make local`); `python -m modules.local.demo` plays the walkthrough against it (`make demo`).
"""
