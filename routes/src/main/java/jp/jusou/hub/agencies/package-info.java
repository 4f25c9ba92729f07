/**
 * Who is who: the agencies connected to the hub (id, kind, municipality, how their secret and client
 * certificate are recognised), as the connectors have deployed them. Every module that asks "who is this
 * agency, may it log in, which municipality is it in" asks here; only the connectors change it.
 */
@ApplicationModule(displayName = "Agencies (機関)", allowedDependencies = { "message" })
package jp.jusou.hub.agencies;

import org.springframework.modulith.ApplicationModule;
