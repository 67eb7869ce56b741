"""OpenAPI 3.0 documents of the synthesized environments (`make openapi`), read from `cdktf.out` only: routes
with their path parameters and security, the gateway's own answers, the functions' declared schemas, CORS and
servers. The packager ships them; the emulator serves them with Swagger UI."""
