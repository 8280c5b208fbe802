/**
 * Modbus point addresses and device settings: how a profile writes them, parsed and checked. The
 * engine uses this package to refuse a wrong register map before anything starts; the driver uses
 * the same parser at run time, so both always agree. The protocol itself lives in the private
 * {@code internal} package.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.tidegate.driver.modbus;
