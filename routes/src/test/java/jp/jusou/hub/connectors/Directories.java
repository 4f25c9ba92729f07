package jp.jusou.hub.connectors;

import java.util.LinkedHashMap;
import java.util.Map;
import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.AgencyDirectory;

/** Test access to the directory's package-private replace (the runtime owns it in the hub). */
public final class Directories {

    private Directories() {
    }

    public static AgencyDirectory of(Agency... agencies) {
        AgencyDirectory directory = new AgencyDirectory();
        Map<String, Agency> map = new LinkedHashMap<>();
        for (Agency agency : agencies) {
            map.put(agency.id(), agency);
        }
        directory.replace(map);
        return directory;
    }
}
