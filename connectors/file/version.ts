/** The file connectors ship with Sluice and carry its version (a test keeps the two in step). */
export const VERSION = '0.1.0';
