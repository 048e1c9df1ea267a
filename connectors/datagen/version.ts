/** Datagen ships with Sluice and carries its version (a test keeps the two in step). */
export const VERSION = '0.1.0';
