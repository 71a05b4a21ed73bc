/** The simulator backend: the contact-center engine plus synthetic traffic, behind the Backend port. */
export { createSimulatorBackend, type SimulatorBackend, type SimulatorControls } from './backend.js';
export { generateCustomers, type SimCustomer } from './customers.js';
export { parseOptions, type SimulatorOptions } from './options.js';
export { CUSTOMER_COUNT, nameFromIdentity } from './simulation.js';
export { generateWorkspace, generateQueues, generateWorkflow } from './workspace.js';
