process.env.E2E_N8N_VERSION = '1.123.81';
