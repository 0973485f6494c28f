package io.hyperstudy.media.api;

import io.hyperstudy.model.api.Ids;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import jakarta.ws.rs.core.UriInfo;

/**
 * Every id in a request path is checked before any resource sees it: ids become storage paths and
 * Firestore document ids, where {@code a/b} or {@code ..} would address something else. An id the platform
 * could not have made names nothing: 404, as for an id that does not exist.
 */
public class PathIds {

    @ServerRequestFilter
    public void check(UriInfo uri) {
        MultivaluedMap<String, String> params = uri.getPathParameters();
        params.forEach((name, values) -> {
            if (!name.equals("index")) {
                for (String value : values) {
                    if (!Ids.valid(value)) {
                        throw new ProblemException(404, "Not Found", "no " + name + " has this form, so none exists");
                    }
                }
            }
        });
    }
}
