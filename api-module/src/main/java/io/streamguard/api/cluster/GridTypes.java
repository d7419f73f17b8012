package io.streamguard.api.cluster;

import java.util.List;

/** The wire types one feature puts on the cluster; a bean per feature, collected by the cluster setup. */
public interface GridTypes {

    List<GridCodec<?>> codecs();
}
