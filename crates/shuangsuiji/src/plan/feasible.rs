//! A feasible assignment kept beside the ranked draw, so that no pick
//! leaves a later visit without two officers.
//!
//! One unit's own visits and its certified, on-post officers form a
//! bipartite graph: a visit needs two distinct officers not recused for its
//! object; an officer takes at most the capacity they have left. That is a
//! flow problem (source → visit, capacity 2; visit → officer, 1 where
//! allowed; officer → sink, their capacity left), and every visit is
//! staffable at once exactly when the maximum flow saturates the visits.
//! [`Feasible`] holds one such flow for the visits not yet fixed, and
//! [`Feasible::force`] answers "does some flow also give this visit this
//! officer?" by moving the visit's unpinned officer to them and looking
//! for an augmenting path — a chain of visits, each passing an officer on
//! to the next — that ends at an officer with capacity left. By Ford and
//! Fulkerson's theorem the answer is exact, so the ranked draw
//! (`super::assign`) takes the best-ranked officer whose pick keeps the
//! rest staffable, and fails only when no assignment exists at all.

use std::collections::VecDeque;

/// Why no assignment staffs every visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Infeasible {
    /// This visit (by position) has fewer than two officers allowed to take
    /// it (recusals), whatever the others do.
    Visit(usize),
    /// The most officer-visits any assignment staffs at once.
    Short {
        /// Officer-visits an assignment can staff.
        staffable: u64,
    },
}

/// One officer handed on: the visit moves from `from` to `to`.
type Move = (usize, usize, usize);

/// A flow that staffs every unfixed visit: `team[v]` the officers visit
/// `v` has in it, by position in the unit's officers.
pub(crate) struct Feasible {
    officers: usize,
    /// `allowed[v * officers + o]`: officer `o` may take visit `v`.
    allowed: Vec<bool>,
    team: Vec<Vec<usize>>,
    /// `holders[o]`: the unfixed visits officer `o` is on, so a search
    /// looks only where an officer can be passed on.
    holders: Vec<Vec<usize>>,
    used: Vec<u32>,
    room: Vec<u32>,
}

/// Officers on a visit.
const TEAM: usize = 2;

impl Feasible {
    /// The flow for `visits` visits of two officers each and the officers'
    /// `room` (capacity left), `allowed(v, o)` saying who may take what.
    ///
    /// # Errors
    /// [`Infeasible`] when no assignment staffs every visit.
    pub(crate) fn new(
        visits: usize,
        room: Vec<u32>,
        allowed: impl Fn(usize, usize) -> bool,
    ) -> Result<Self, Infeasible> {
        Feasible::with_need(TEAM, visits, room, allowed)
    }

    /// [`Feasible::new`] for visits that each need `need` officers (an
    /// amendment's replacements: one each).
    ///
    /// # Errors
    /// [`Infeasible`] when no assignment gives every visit `need`.
    pub(crate) fn with_need(
        need: usize,
        visits: usize,
        room: Vec<u32>,
        allowed: impl Fn(usize, usize) -> bool,
    ) -> Result<Self, Infeasible> {
        let officers = room.len();
        let allowed: Vec<bool> =
            (0..visits).flat_map(|v| (0..officers).map(move |o| (v, o))).map(|(v, o)| allowed(v, o)).collect();
        let mut flow = Feasible {
            officers,
            allowed,
            team: vec![Vec::with_capacity(need); visits],
            holders: vec![Vec::new(); officers],
            used: vec![0; officers],
            room,
        };
        if let Some(v) = (0..visits).find(|v| (0..officers).filter(|o| flow.may(*v, *o)).count() < need) {
            return Err(Infeasible::Visit(v));
        }
        let mut staffable = 0;
        for v in 0..visits {
            for _ in 0..need {
                staffable += u64::from(flow.augment(v));
            }
        }
        if staffable < (need * visits) as u64 {
            return Err(Infeasible::Short { staffable });
        }
        Ok(flow)
    }

    fn may(&self, visit: usize, officer: usize) -> bool {
        self.allowed.get(visit * self.officers + officer).copied().unwrap_or(false)
    }

    fn spare(&self, officer: usize) -> u32 {
        let used = self.used.get(officer).copied().unwrap_or(0);
        self.room.get(officer).copied().unwrap_or(0).saturating_sub(used)
    }

    /// Gives `visit` one more officer, rerouting others if need be.
    fn augment(&mut self, visit: usize) -> bool {
        let Some(team) = self.team.get(visit) else { return false };
        let free = |o: &usize| self.may(visit, *o) && !team.contains(o);
        // The most room first: a balanced flow leaves room where the ranked
        // pick looks, so most picks need no search at all.
        if let Some(roomiest) = (0..self.officers).filter(free).max_by_key(|o| (self.spare(*o), std::cmp::Reverse(*o)))
        {
            if self.spare(roomiest) > 0 {
                self.join(visit, roomiest);
                return true;
            }
        }
        let roots: Vec<usize> = (0..self.officers).filter(free).collect();
        let Some((root, path)) = self.path(&roots, visit) else { return false };
        self.apply(&path);
        self.join(visit, root);
        true
    }

    /// Whether some assignment staffing every unfixed visit gives `visit`
    /// the officer `officer` while keeping `pinned`; if so, the flow now is
    /// one.
    pub(crate) fn force(&mut self, visit: usize, officer: usize, pinned: &[usize]) -> bool {
        let Some(team) = self.team.get(visit) else { return false };
        if team.contains(&officer) {
            return true;
        }
        if !self.may(visit, officer) {
            return false;
        }
        let droppable: Vec<usize> = team.iter().copied().filter(|o| !pinned.contains(o)).collect();
        for out in droppable {
            self.leave(visit, out);
            if let Some((_, path)) = self.path(&[officer], visit) {
                self.apply(&path);
                self.join(visit, officer);
                return true;
            }
            self.join(visit, out);
        }
        false
    }

    /// Fixes `visit` with the officers it has now: they are no longer moved.
    pub(crate) fn fix(&mut self, visit: usize) {
        for &officer in self.team.get(visit).map(Vec::as_slice).unwrap_or_default() {
            if let Some(h) = self.holders.get_mut(officer) {
                h.retain(|v| *v != visit);
            }
        }
    }

    fn join(&mut self, visit: usize, officer: usize) {
        if let (Some(team), Some(u), Some(h)) =
            (self.team.get_mut(visit), self.used.get_mut(officer), self.holders.get_mut(officer))
        {
            team.push(officer);
            h.push(visit);
            *u += 1;
        }
    }

    fn leave(&mut self, visit: usize, officer: usize) {
        if let (Some(team), Some(u), Some(h)) =
            (self.team.get_mut(visit), self.used.get_mut(officer), self.holders.get_mut(officer))
        {
            team.retain(|o| *o != officer);
            h.retain(|v| *v != visit);
            *u = u.saturating_sub(1);
        }
    }

    /// A breadth-first search from `roots` for an officer with room,
    /// through unfixed visits other than `skip`: the root it frees and the
    /// moves that free it (none when the root has room itself).
    fn path(&self, roots: &[usize], skip: usize) -> Option<(usize, Vec<Move>)> {
        let mut came: Vec<Option<Option<(usize, usize)>>> = vec![None; self.officers];
        let mut queue = VecDeque::new();
        for &root in roots {
            if let Some(c) = came.get_mut(root) {
                *c = Some(None);
                queue.push_back(root);
            }
        }
        while let Some(at) = queue.pop_front() {
            if self.spare(at) > 0 {
                return Some(self.trace(&came, at));
            }
            for &visit in self.holders.get(at).map(Vec::as_slice).unwrap_or_default() {
                let Some(team) = self.team.get(visit).filter(|_| visit != skip) else { continue };
                for next in (0..self.officers).filter(|o| self.may(visit, *o) && !team.contains(o)) {
                    if let Some(c @ None) = came.get_mut(next) {
                        *c = Some(Some((visit, at)));
                        queue.push_back(next);
                    }
                }
            }
        }
        None
    }

    /// The moves from the root to `end`, in order, and the root.
    fn trace(&self, came: &[Option<Option<(usize, usize)>>], end: usize) -> (usize, Vec<Move>) {
        let mut moves = Vec::new();
        let mut at = end;
        while let Some(Some(Some((visit, from)))) = came.get(at) {
            moves.push((*visit, *from, at));
            at = *from;
        }
        moves.reverse();
        (at, moves)
    }

    fn apply(&mut self, moves: &[Move]) {
        for &(visit, from, to) in moves {
            self.leave(visit, from);
            self.join(visit, to);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two visits, three officers of room 1, 1, 2: greedy "first two
    /// officers" for visit 0 takes 0 and 1 and leaves visit 1 one officer;
    /// the flow refuses the pick that corners it.
    #[test]
    fn a_pick_that_corners_a_later_visit_is_refused() {
        let mut flow = Feasible::new(2, vec![1, 1, 2], |_, _| true).unwrap();
        assert!(flow.force(0, 0, &[]));
        assert!(!flow.force(0, 1, &[0]), "visit 1 would be left with officer 2 alone");
        assert!(flow.force(0, 2, &[0]));
        flow.fix(0);
        assert!(flow.force(1, 1, &[]) && flow.force(1, 2, &[1]));
    }

    #[test]
    fn recusals_and_shortfalls_are_told_apart() {
        assert_eq!(Feasible::new(2, vec![5, 5, 5], |v, o| v != 1 || o == 0).err(), Some(Infeasible::Visit(1)));
        assert_eq!(Feasible::new(3, vec![1, 1, 1], |_, _| true).err(), Some(Infeasible::Short { staffable: 3 }));
    }

    /// A path through another visit: visit 1 may take only 0 and 1, both
    /// first given to visit 0, which passes them on and takes 2 and 3.
    #[test]
    fn officers_are_passed_along_a_chain() {
        let flow = Feasible::new(2, vec![1, 1, 1, 1], |v, o| v == 0 || o < 2).unwrap();
        let mut sorted = flow.team[1].clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [0, 1]);
        assert_eq!(flow.team[0].len(), 2);
    }
}
