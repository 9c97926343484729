/** Records of one kind that expire: deletes those last written before `cutoff`, returns how many. */
export interface ExpiringRecords {
  deleteOlderThan(cutoff: Date): Promise<number>;
}
