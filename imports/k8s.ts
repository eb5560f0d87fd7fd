// The Kubernetes API types for this app. `cdk8s import k8s` needs the internet,
// so we re-export the generated types that cdk8s-plus-30 already ships (k8s 1.30).
export * from 'cdk8s-plus-30/lib/imports/k8s';
