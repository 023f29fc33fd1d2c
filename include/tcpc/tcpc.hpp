// SPDX-License-Identifier: MIT
// libtcpc in one include: the tutorial's steps (resolve, connect, send, recv,
// close), a server, the relay, statistics and the text codecs. TLS is its own
// library (tcpc::tls) and its own include: tcpc/tls/tls.hpp.
#pragma once

#include "tcpc/address.hpp"
#include "tcpc/address_set.hpp"
#include "tcpc/deadline.hpp"
#include "tcpc/encoding.hpp"
#include "tcpc/error.hpp"
#include "tcpc/escape.hpp"
#include "tcpc/fd.hpp"
#include "tcpc/framer.hpp"
#include "tcpc/hex.hpp"
#include "tcpc/hexdump.hpp"
#include "tcpc/line_endings.hpp"
#include "tcpc/line_framer.hpp"
#include "tcpc/listener.hpp"
#include "tcpc/observer_list.hpp"
#include "tcpc/port_scan.hpp"
#include "tcpc/relay.hpp"
#include "tcpc/result.hpp"
#include "tcpc/server.hpp"
#include "tcpc/socket.hpp"
#include "tcpc/stats.hpp"
#include "tcpc/stream.hpp"
#include "tcpc/terminal_text.hpp"
#include "tcpc/text_transform.hpp"
#include "tcpc/transform_chain.hpp"
#include "tcpc/udp.hpp"
#include "tcpc/udp_server.hpp"
#include "tcpc/udp_stats.hpp"
#include "tcpc/version.hpp"
