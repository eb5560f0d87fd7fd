export { CLUSTER_SCOPED_KINDS, objectRef } from '../model/api-scope';
/** A synthesized Kubernetes object, as plain JSON. */
export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: any }; [k: string]: any };


