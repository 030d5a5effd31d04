//! Hosts for the scale-out fault tests: each a Linux network namespace with its own
//! address on one bridge, so a test can run the API and each worker "on its own
//! machine", cut a machine off (its link down: connections stall, as when a cable or a
//! switch goes) and bring it back, or kill every process on it. Needs root (the suite
//! runs as root on CI); names carry the test process's id, and dropping the network
//! removes every namespace and link it made.
//!
//! The test process stays in the root namespace and reaches every host over the bridge
//! (the gateway, `10.77.S.1`). Services that listen on loopback only (the machine's
//! Postgres) are exposed to the hosts by [`forward`]; a test's Garage can run on a host
//! of its own (`Garage::start_on`).

use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;

static NETWORKS: AtomicU32 = AtomicU32::new(0);

/// One bridge and the hosts on it.
pub struct Network {
    bridge: String,
    subnet: u8,
    tag: String,
    hosts: Vec<String>,
}

/// A namespace on the network.
pub struct Host {
    pub name: String,
    namespace: String,
    /// The root side of its veth pair: down cuts the host off.
    link: String,
    pub address: String,
}

fn ip(args: &[&str]) {
    crate::run("ip", args);
}

impl Network {
    /// A fresh bridge with its own /24 (10.77.S.0, S from the process id).
    pub fn start() -> Network {
        let n = NETWORKS.fetch_add(1, Ordering::SeqCst);
        let pid = std::process::id();
        let tag = format!("{}{n}", pid % 100_000);
        let subnet = (20 + (pid as u64 * 7 + n as u64) % 200) as u8;
        let bridge = format!("rcb{tag}");
        ip(&["link", "add", &bridge, "type", "bridge"]);
        ip(&["addr", "add", &format!("10.77.{subnet}.1/24"), "dev", &bridge]);
        ip(&["link", "set", &bridge, "up"]);
        Network {
            bridge,
            subnet,
            tag,
            hosts: Vec::new(),
        }
    }

    /// The root namespace's address on the bridge: where forwarded services listen.
    pub fn gateway(&self) -> String {
        format!("10.77.{}.1", self.subnet)
    }

    /// A new host (namespace) on the bridge, with loopback up.
    pub fn host(&mut self, name: &str) -> Host {
        let index = self.hosts.len();
        let namespace = format!("rc{}{name}", self.tag);
        let link = format!("rcv{}{index}", self.tag);
        let peer = format!("{link}p");
        let address = format!("10.77.{}.{}", self.subnet, 10 + index);
        ip(&["netns", "add", &namespace]);
        self.hosts.push(namespace.clone());
        ip(&["link", "add", &link, "type", "veth", "peer", "name", &peer]);
        ip(&["link", "set", &peer, "netns", &namespace]);
        ip(&["link", "set", &link, "master", &self.bridge]);
        ip(&["link", "set", &link, "up"]);
        let cidr = format!("{address}/24");
        for args in [
            ["addr", "add", &cidr, "dev", &peer].as_slice(),
            &["link", "set", &peer, "up"],
            &["link", "set", "lo", "up"],
        ] {
            let mut inside = vec!["netns", "exec", &namespace, "ip"];
            inside.extend_from_slice(args);
            ip(&inside);
        }
        Host {
            name: name.into(),
            namespace,
            link,
            address,
        }
    }
}

impl Drop for Network {
    fn drop(&mut self) {
        for namespace in &self.hosts {
            kill_all(namespace);
            let _ = Command::new("ip").args(["netns", "del", namespace]).status();
        }
        let _ = Command::new("ip").args(["link", "del", &self.bridge]).status();
    }
}

/// SIGKILL to every process in `namespace`.
fn kill_all(namespace: &str) {
    let Ok(out) = Command::new("ip").args(["netns", "pids", namespace]).output() else {
        return;
    };
    for pid in String::from_utf8_lossy(&out.stdout).split_whitespace() {
        let _ = Command::new("kill").args(["-KILL", pid]).status();
    }
}

impl Host {
    /// `program` run inside this host.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new("ip");
        command.args(["netns", "exec", &self.namespace]).arg(program);
        command
    }

    /// Cuts the host off the network: its connections stall, nothing reaches it.
    pub fn cut(&self) {
        ip(&["link", "set", &self.link, "down"]);
    }

    /// Puts it back on the network.
    pub fn restore(&self) {
        ip(&["link", "set", &self.link, "up"]);
    }

    /// Kills every process on the host (SIGKILL): the machine is gone.
    pub fn kill(&self) {
        kill_all(&self.namespace);
    }

    /// Its network namespace's name.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// Whether a process on the host has `text` in its command line (an ffmpeg writing
    /// a given file: a fault aimed at that render).
    pub fn runs(&self, text: &str) -> bool {
        let Ok(out) = Command::new("ip").args(["netns", "pids", &self.namespace]).output() else {
            return false;
        };
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .any(|pid| std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|line| String::from_utf8_lossy(&line).contains(text)))
    }
}

/// Accepts on `listen` and relays each connection to `to` until the test process
/// ends: a loopback-only service (Postgres, Garage) made reachable from the hosts.
/// A connection closed at one end is shut at the other, so Postgres sees a killed
/// worker's session end (and rolls its transaction back).
pub fn forward(listen: SocketAddr, to: SocketAddr) {
    let listener = TcpListener::bind(listen).unwrap_or_else(|e| panic!("cannot forward {listen}: {e}"));
    thread::spawn(move || {
        for inbound in listener.incoming().flatten() {
            let Ok(outbound) = TcpStream::connect(to) else { continue };
            let (a, b) = (inbound.try_clone().unwrap(), outbound.try_clone().unwrap());
            thread::spawn(move || pipe(inbound, outbound));
            thread::spawn(move || pipe(b, a));
        }
    });
}

fn pipe(mut from: TcpStream, mut to: TcpStream) {
    let _ = std::io::copy(&mut from, &mut to);
    let _ = to.shutdown(Shutdown::Write);
}
