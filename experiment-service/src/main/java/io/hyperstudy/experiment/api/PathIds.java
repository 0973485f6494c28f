package io.hyperstudy.experiment.api;

import io.hyperstudy.experiment.platform.RequestRefused;
import io.hyperstudy.model.api.Ids;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every id in a request path is checked before any resource sees it: ids become Firestore document
 * paths, where {@code a/b} or an encoded slash would address another document and {@code ..} a parent.
 * An id the platform could not have made names nothing: 404, as for an id that does not exist.
 */
public class PathIds {

    @ServerRequestFilter
    public void check(UriInfo uri) {
        uri.getPathParameters().forEach((name, values) -> {
            for (String value : values) {
                boolean valid = switch (name) {
                    case "version" -> true;
                    case "userId" -> Ids.validUser(value);
                    default -> Ids.valid(value);
                };
                if (!valid) {
                    throw RequestRefused.notFound("no " + name + " of this form, so it");
                }
            }
        });
    }
}
