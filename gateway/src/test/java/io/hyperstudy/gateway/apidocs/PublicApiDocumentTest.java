package io.hyperstudy.gateway.apidocs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the backends' documents become the one public document. */
class PublicApiDocumentTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode doc(String json) throws Exception {
        return JSON.readTree(json.replace('\'', '"'));
    }

    @Test
    void pathsAndSchemasMergeAndAClashingNameIsPrefixedWithItsReferences() throws Exception {
        Map<String, JsonNode> docs = new LinkedHashMap<>();
        docs.put("experiment-service", doc("""
                {'openapi':'3.1.0','paths':{'/api/experiments':{'get':{'responses':{'200':{'content':{'application/json':
                {'schema':{'$ref':'#/components/schemas/Access'}}}}}}},'/q/health':{'get':{}}},
                 'components':{'schemas':{'Access':{'enum':['viewer','editor','owner']},'Problem':{'type':'object'}}}}"""));
        docs.put("media-service", doc("""
                {'openapi':'3.1.0','paths':{'/api/media/rooms/{roomId}/token':{'post':{'requestBody':{},
                 'responses':{'200':{'content':{'application/json':{'schema':{'$ref':'#/components/schemas/Access'}}}}}}}},
                 'components':{'schemas':{'Access':{'enum':['NONE','PARTICIPANT']},'Problem':{'type':'object'}}}}"""));
        JsonNode merged = PublicApiDocument.merge(JSON, docs, "https://study.example", "1.0");
        assertEquals("https://study.example", merged.at("/servers/0/url").asText());
        assertTrue(merged.at("/paths").has("/api/experiments"));
        assertFalse(merged.at("/paths").has("/q/health"), "management paths are not public");
        assertEquals("#/components/schemas/Access",
                merged.at("/paths/~1api~1experiments/get/responses/200/content/application~1json/schema/$ref").asText());
        assertEquals("#/components/schemas/MediaAccess", merged.at(
                "/paths/~1api~1media~1rooms~1{roomId}~1token/post/responses/200/content/application~1json/schema/$ref")
                .asText(), "a name two services use differently is prefixed, and its references follow");
        assertEquals("NONE", merged.at("/components/schemas/MediaAccess/enum/0").asText());
        assertNotNull(merged.at("/components/schemas/Problem").get("type"));
        assertEquals("#/components/responses/TooManyRequests",
                merged.at("/paths/~1api~1experiments/get/responses/429/$ref").asText());
        assertTrue(merged.at("/paths/~1api~1media~1rooms~1{roomId}~1token/post/responses").has("413"),
                "an operation with a body can be refused for its size");
        assertFalse(merged.at("/paths/~1api~1experiments/get/responses").has("413"));
    }

    @Test
    void theSwaggerUiTheGatewayNamesIsTheOneItCarries() {
        assertNotNull(getClass().getResource("/META-INF/resources" + ApiDocs.SWAGGER_UI + "/swagger-ui-bundle.js"),
                "the webjar's version and SwaggerUiVersion agree");
    }
}
