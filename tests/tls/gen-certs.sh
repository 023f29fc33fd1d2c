#!/usr/bin/env bash
# Makes the TLS test certificates in DIR (default: a new temp dir, printed):
#   ca.pem ca.key          test CA
#   server.pem server.key  for localhost, 127.0.0.1 and ::1, issued by the CA
#   expired.pem/.key       same names, validity ended in the past
#   wrong-name.pem/.key    issued by the CA for wrong.example only
#   cn-only.pem/.key       CN=127.0.0.1 and no subjectAltName, issued by the CA
#   self-signed.pem/.key   localhost, signed by itself
#   other-ca.pem           a second CA, trusted by nothing here
#   unknown-ca.pem/.key    localhost, issued by other-ca
#   client.pem client.key  a client certificate issued by the CA
# Uses only the openssl CLI; EC P-256 keys keep it fast.
set -euo pipefail
dir=${1:-$(mktemp -d)}
mkdir -p "$dir"
cd "$dir"

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }

ext_server="subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth"

# ca NAME SUBJECT: a self-signed CA certificate.
ca() {
  key "$1"
  openssl req -new -x509 -key "$1.key" -out "$1.pem" -days 30 -subj "$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    2>/dev/null
}

# issue NAME SUBJECT CA EXTENSIONS [x509 options...]: a certificate signed by CA.
issue() {
  local name=$1 subject=$2 issuer=$3 extensions=$4
  shift 4
  key "$name"
  openssl req -new -key "$name.key" -subj "$subject" -out "$name.csr" 2>/dev/null
  printf '%s\n' "$extensions" >"$name.ext"
  openssl x509 -req -in "$name.csr" -CA "$issuer.pem" -CAkey "$issuer.key" -CAcreateserial \
    -extfile "$name.ext" -out "$name.pem" "$@" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

ca ca "/O=tcpc test/CN=tcpc test CA"
ca other-ca "/O=tcpc test/CN=tcpc other CA"
issue server "/O=tcpc test/CN=localhost" ca "$ext_server" -days 30
issue wrong-name "/O=tcpc test/CN=wrong.example" ca \
  "subjectAltName=DNS:wrong.example
extendedKeyUsage=serverAuth" -days 30
issue cn-only "/O=tcpc test/CN=127.0.0.1" ca "extendedKeyUsage=serverAuth" -days 30
issue unknown-ca "/O=tcpc test/CN=localhost" other-ca "$ext_server" -days 30
issue client "/O=tcpc test/CN=tcpc test client" ca "extendedKeyUsage=clientAuth" -days 30

# Expired: valid for one day, ten days ago (x509 -not_before needs OpenSSL 3.4,
# so a tiny CA run with explicit dates does it).
key expired
openssl req -new -key expired.key -subj "/O=tcpc test/CN=localhost" -out expired.csr 2>/dev/null
mkdir -p ca-db
: >ca-db/index.txt
printf '%s\n' "$ext_server" >expired.ext
cat >ca-db/ca.cnf <<CNF
[ca]
default_ca = test
[test]
database = ca-db/index.txt
new_certs_dir = ca-db
certificate = ca.pem
private_key = ca.key
serial = ca-db/serial
default_md = sha256
policy = any
[any]
commonName = supplied
organizationName = optional
CNF
openssl rand -hex 8 >ca-db/serial
openssl ca -batch -config ca-db/ca.cnf -in expired.csr -out expired.pem -notext \
  -startdate "$(date -u -d '-10 days' +%Y%m%d%H%M%SZ)" \
  -enddate "$(date -u -d '-9 days' +%Y%m%d%H%M%SZ)" -extfile expired.ext 2>/dev/null
rm -rf ca-db expired.csr expired.ext

# Self-signed: its own issuer, trusted by nobody.
key self-signed
openssl req -new -x509 -key self-signed.key -out self-signed.pem -days 30 \
  -subj "/O=tcpc test/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null

echo "$dir"
