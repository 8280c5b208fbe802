package io.tidegate.engine.profile;

import java.util.Objects;

/**
 * The gateway's identity.
 *
 * @param id    the Sparkplug edge node id
 * @param group the Sparkplug group id
 */
public record GatewayConfig(String id, String group) {
    public GatewayConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
    }
}
