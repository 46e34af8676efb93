process.env.E2E_N8N_VERSION = '2.41.1';
