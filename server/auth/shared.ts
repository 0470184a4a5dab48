/** The auth module's browser-safe exports: who may see what, and the role names (index.ts is the server API). */
export { allowed, roleLabels, type Access } from "./roles";
