//! Stage timings for `--timings`: wall-clock time and process CPU time per stage.

use std::time::{Duration, Instant};

/// Stage timings, in order, for `--timings`.
pub(crate) type Timings = Vec<Lap>;

/// How long one stage took: wall-clock time, and CPU time over all threads (Linux), whose
/// ratio shows how well the stage used the cores.
#[derive(Debug, Clone, Copy)]
pub struct Lap {
    pub stage: &'static str,
    pub wall: Duration,
    pub cpu: Option<Duration>,
}

/// `    markdown:    412.3 ms  (790.1 ms CPU)`
impl std::fmt::Display for Lap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:>12}: {:>8.1} ms",
            self.stage,
            self.wall.as_secs_f64() * 1000.0
        )?;
        match self.cpu {
            Some(cpu) => write!(f, "  ({:.1} ms CPU)", cpu.as_secs_f64() * 1000.0),
            None => Ok(()),
        }
    }
}

/// A stopwatch for wall-clock and process CPU time.
pub(super) struct Stopwatch {
    wall: Instant,
    cpu: Option<Duration>,
}

impl Stopwatch {
    pub(super) fn start() -> Self {
        Stopwatch {
            wall: Instant::now(),
            cpu: process_cpu_time(),
        }
    }

    /// The time since the start or the previous lap; the next lap starts now.
    pub(super) fn lap(&mut self, stage: &'static str) -> Lap {
        let next = Stopwatch::start();
        let lap = Lap {
            stage,
            wall: next.wall - self.wall,
            cpu: next.cpu.zip(self.cpu).map(|(now, then)| now.saturating_sub(then)),
        };
        *self = next;
        lap
    }
}

fn process_cpu_time() -> Option<Duration> {
    #[cfg(target_os = "linux")]
    {
        let time = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
        Some(Duration::new(
            u64::try_from(time.tv_sec).ok()?,
            u32::try_from(time.tv_nsec).ok()?,
        ))
    }
    #[cfg(not(target_os = "linux"))]
    None
}
