// The pure form layer of the application journey: schema, validation, bundle merge, ID-card
// prefill and answer reuse. Shared by the core and the renderer.
export * from './formSchema';
export * from './materials';
export * from './validateForm';
export * from './mergeBundleForm';
export * from './prefillFromIdCard';
export * from './ReuseStore';
