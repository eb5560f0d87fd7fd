export * from './public-ingress';
export * from './public-ingress-props';
