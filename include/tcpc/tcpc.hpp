// SPDX-License-Identifier: MIT
// libtcpc in one include: the tutorial's steps (resolve, connect, send, recv,
// close), a server, the relay and the text codecs.
#pragma once

#include "tcpc/address.hpp"
#include "tcpc/chunk_view.hpp"
#include "tcpc/encoding.hpp"
#include "tcpc/error.hpp"
#include "tcpc/escape.hpp"
#include "tcpc/fd.hpp"
#include "tcpc/hex.hpp"
#include "tcpc/hexdump.hpp"
#include "tcpc/listener.hpp"
#include "tcpc/observer_list.hpp"
#include "tcpc/received_file.hpp"
#include "tcpc/relay.hpp"
#include "tcpc/result.hpp"
#include "tcpc/server.hpp"
#include "tcpc/session_command.hpp"
#include "tcpc/socket.hpp"
#include "tcpc/stats.hpp"
#include "tcpc/text_transform.hpp"
#include "tcpc/timestamp.hpp"
#include "tcpc/version.hpp"
