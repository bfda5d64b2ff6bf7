import { lazy } from 'react';

// The console's form (JsonSchemaForm: react-jsonschema-form and its validator) loads with the first form a
// page opens, never with the first screen.

export const LazyForm = lazy(() => import('./JsonSchemaForm').then((m) => ({ default: m.JsonSchemaForm })));
export const LazyFormModal = lazy(() => import('./JsonSchemaForm').then((m) => ({ default: m.JsonSchemaFormModal })));
