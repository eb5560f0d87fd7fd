// @ts-check
'use strict';
/**
 * Where `.ci/cluster` keeps each test-cluster instance's state, as the script defaults it: read by
 * test/support/cluster.ts and, untransformed, by the test environment (dapr-install.js).
 */
const CLUSTER_DIR = process.env.TODO_K8S_CLUSTER_DIR || '/tmp/todo-k8s-cluster';
const REAL_CLUSTER_DIR = process.env.TODO_K8S_REAL_CLUSTER_DIR || '/tmp/todo-k8s-cluster-real';

module.exports = { CLUSTER_DIR, REAL_CLUSTER_DIR };
