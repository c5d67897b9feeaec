package esdbstore

import (
	_ "github.com/EventStore/EventStore-Client-Go/v4/esdb"
	_ "github.com/EventStore/EventStore-Client-Go/v4/protos/streams"
)
