package io.hyperstudy.gateway.apidocs;

/** The version of the swagger-ui webjar the gateway serves, which its path names (kept with the pom's). */
final class SwaggerUiVersion {
    static final String VERSION = "5.34.1";

    private SwaggerUiVersion() {
    }
}
