package io.tidegate.driver.opcua.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the OPC UA driver (PID {@value OpcUaDriver#PID}); every device has its own settings. */
@ObjectClassDefinition(name = "Tidegate OPC UA driver",
        description = "OPC UA client: the gateway's application certificate and the server trust list.")
public @interface OpcUaDriverConfig {

    @AttributeDefinition(description = "Folder of the gateway's OPC UA certificate and trust list; empty means "
            + "opcua/ in the gateway's data directory (framework property tidegate.data), or the bundle's own "
            + "data area when there is none.", required = false)
    String pkiDir() default "";
}
